{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ORGANISATION}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1e1e1e;">
<p>Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
<p>Vous avez demandé la réinitialisation de votre code d'accès dans votre espace personnel.</p>
<p>Vous allez recevoir un <strong>code d'activation par SMS</strong> qui servira à valider la modification de votre nouveau code d'accès.</p>
<p>Muni de ce code, cliquez sur le lien ci-dessous pour terminer l'activation :</p>
<p><a href="{{LINK}}">{{LINK}}</a></p>
<p>Ce lien a une durée de validité de {{TTL_HOURS}} h. Il ne sert qu'une fois.</p>
<p>Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : votre code d'accès actuel reste valable.</p>
<p>Veuillez ne pas répondre à ce courriel.</p>
<p>Cordialement,<br>{{ORGANISATION}}<br>{{POSTAL_ADDRESS}}</p>
</body></html>
