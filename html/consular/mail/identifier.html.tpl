{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ORGANISATION}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1e1e1e;">
<p>Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
<p>Vous avez demandé à recevoir de nouveau votre identifiant.</p>
<p>Votre identifiant : <strong>{{IDENTIFIER}}</strong></p>
<p>Conservez-le : il vous sera demandé avec votre mot de passe pour vous connecter.</p>
<p>Pour des raisons de sécurité, il n'est pas possible de renouveler à la fois son identifiant et son mot de passe.</p>
<p>Si vous n'êtes pas à l'origine de cette demande, contactez la cellule d'assistance{{#HAS_ASSISTANCE}} : <strong>{{ASSISTANCE_CONTACT}}</strong>{{/HAS_ASSISTANCE}}.</p>
<p>Veuillez ne pas répondre à ce courriel.</p>
<p>{{ORGANISATION}}</p>
</body></html>
