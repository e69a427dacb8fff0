{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ORGANISATION}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1e1e1e;">
<p>Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
<p>{{#ASKED_PASSWORD}}Vous avez demandé le renouvellement de votre mot de passe, alors que votre identifiant vous a été renvoyé il y a moins de {{HOURS}} h.{{/ASKED_PASSWORD}}{{#ASKED_IDENTIFIER}}Vous avez demandé à recevoir de nouveau votre identifiant, alors que le renouvellement de votre mot de passe a été demandé il y a moins de {{HOURS}} h.{{/ASKED_IDENTIFIER}}</p>
<p>Pour des raisons de sécurité, il n'est pas possible de renouveler à la fois son identifiant et son mot de passe : cette demande n'a pas été traitée. Vous pourrez la refaire une fois ce délai passé.</p>
<p>Si vous n'êtes pas à l'origine de ces demandes, contactez la cellule d'assistance{{#HAS_ASSISTANCE}} : <strong>{{ASSISTANCE_CONTACT}}</strong>{{/HAS_ASSISTANCE}}.</p>
<p>Veuillez ne pas répondre à ce courriel.</p>
<p>{{ORGANISATION}}</p>
</body></html>
