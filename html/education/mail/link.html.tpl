{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ORGANISATION}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1e1e1e;">
<p>Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
<p>Vous avez demandé un réassort de votre code de vote.</p>
<p>Pour régénérer votre code de vote, ouvrez le lien ci-dessous :</p>
<p><a href="{{LINK}}">Régénérer mon code de vote</a></p>
<p>Ce lien ne sert qu'une fois, pendant {{TTL_MINUTES}} minutes. Munissez-vous de quoi noter votre nouveau code : il ne restera affiché que peu de temps.</p>
<p>Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : votre code de vote actuel reste inchangé.</p>
<p>Veuillez ne pas répondre à ce courriel.</p>
<p>{{ORGANISATION}}</p>
</body></html>
