{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ORGANISATION}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1e1e1e;">
<p>Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
<p>Vous avez demandé la régénération de votre mot de passe.</p>
<p>Pour choisir votre nouveau mot de passe, ouvrez le lien ci-dessous :</p>
<p><a href="{{LINK}}">Choisir mon nouveau mot de passe</a></p>
<p>Ce lien n'est valable que pour un seul changement de mot de passe, pendant {{TTL_HOURS}} h.</p>
<p>Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : votre mot de passe actuel reste valable. Quelqu'un connaît peut-être votre matricule, votre date de naissance et votre donnée secrète de réassort : signalez-le au président de votre bureau de vote électronique.</p>
<p>Veuillez ne pas répondre à ce courriel.</p>
<p>{{ORGANISATION}}</p>
</body></html>
