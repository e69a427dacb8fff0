{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ORGANISATION}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1e1e1e;">
<p>Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
<p>Vous avez demandé la réinitialisation de votre code d'accès dans votre espace personnel.</p>
<p>Aucun numéro de téléphone portable n'est enregistré pour votre compte : le code d'activation, envoyé par SMS, ne peut donc pas vous parvenir, et votre code d'accès ne peut pas être réinitialisé en ligne.</p>
<p>Pour le réinitialiser, contactez l'assistance{{#HAS_ASSISTANCE}} : <strong>{{ASSISTANCE_CONTACT}}</strong>{{/HAS_ASSISTANCE}}.</p>
<p>Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : votre code d'accès actuel reste valable.</p>
<p>Veuillez ne pas répondre à ce courriel.</p>
<p>Cordialement,<br>{{ORGANISATION}}<br>{{POSTAL_ADDRESS}}</p>
</body></html>
