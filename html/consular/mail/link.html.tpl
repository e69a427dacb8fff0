{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ORGANISATION}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1e1e1e;">
<p>Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
<p>Vous avez demandé le renouvellement de votre mot de passe.</p>
<p>Pour recevoir votre nouveau mot de passe par SMS, ouvrez le lien ci-dessous et saisissez votre identifiant (celui que vous avez reçu par courriel) :</p>
<p><a href="{{LINK}}">{{LINK}}</a></p>
<p>Ce lien n'est valable que pour un seul renouvellement de mot de passe, pendant {{TTL_HOURS}} h.</p>
<p>Si vous n'avez pas renseigné de numéro de téléphone auprès de votre consulat ou sur le registre en ligne, vous ne pourrez pas recevoir votre nouveau mot de passe.</p>
<p>Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : votre mot de passe actuel reste valable.</p>
<p>Veuillez ne pas répondre à ce courriel.</p>
<p>{{ORGANISATION}}</p>
</body></html>
