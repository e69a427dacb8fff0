{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ORGANISATION}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1e1e1e;">
<p>Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
<p>Vous avez demandé la régénération de votre mot de passe. Aucun numéro de téléphone portable n'est enregistré pour vous : votre nouveau mot de passe ne peut pas vous être envoyé par SMS, et votre mot de passe n'a pas été modifié.</p>
<p>Signalez-vous au président de votre bureau de vote électronique, muni de votre pièce d'identité et de votre carte professionnelle : il vous remettra un nouveau mot de passe.</p>
<p>Si vous n'êtes pas à l'origine de cette demande, signalez-le-lui également.</p>
<p>Veuillez ne pas répondre à ce courriel.</p>
<p>{{ORGANISATION}}</p>
</body></html>
