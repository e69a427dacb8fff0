{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ORGANISATION}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1e1e1e;">
<p>Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
<p>Vous avez demandé la réinitialisation de votre code d'accès, alors que votre identifiant vous a été renvoyé il y a moins de {{HOURS}} h.</p>
<p>Pour des raisons de sécurité, il n'est pas possible de renouveler à la fois son identifiant et son code d'accès : cette demande n'a pas été traitée, et votre code d'accès actuel reste valable. Vous pourrez la refaire une fois ce délai passé.</p>
<p>Si vous n'êtes pas à l'origine de ces demandes, contactez l'assistance{{#HAS_ASSISTANCE}} : <strong>{{ASSISTANCE_CONTACT}}</strong>{{/HAS_ASSISTANCE}}.</p>
<p>Veuillez ne pas répondre à ce courriel.</p>
<p>Cordialement,<br>{{ORGANISATION}}<br>{{POSTAL_ADDRESS}}</p>
</body></html>
