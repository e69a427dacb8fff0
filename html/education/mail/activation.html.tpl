{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ORGANISATION}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1e1e1e;">
<p>Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
<p>Votre espace de vote est créé. Pour l'ouvrir, choisissez votre question Défi et sa réponse secrète en suivant le lien ci-dessous :</p>
<p><a href="{{LINK}}">Ouvrir mon espace de vote</a></p>
<p>Ce lien ne sert qu'une fois, pendant {{TTL_HOURS}} h.</p>
<p>Veuillez ne pas répondre à ce courriel.</p>
<p>{{ORGANISATION}}</p>
</body></html>
