{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ORGANISATION}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1e1e1e;">
<p>Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
<p>Le {{CREDENTIAL}} de votre espace personnel vient d'être modifié.</p>
<p>Si vous êtes à l'origine de cette modification, vous n'avez rien à faire.</p>
<p><strong>Si ce n'est pas vous</strong>, votre compte est peut-être utilisé par quelqu'un d'autre : contactez sans attendre l'assistance{{#HAS_ASSISTANCE}} ({{ASSISTANCE_CONTACT}}){{/HAS_ASSISTANCE}} et demandez-en un nouveau depuis la page de connexion : <a href="{{LOGIN_URL}}">{{LOGIN_URL}}</a>.</p>
<p>Veuillez ne pas répondre à ce courriel.</p>
<p>Cordialement,<br>{{ORGANISATION}}<br>{{POSTAL_ADDRESS}}</p>
</body></html>
