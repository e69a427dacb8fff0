Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

Le {{CREDENTIAL}} de votre espace personnel vient d'être modifié.

Si vous êtes à l'origine de cette modification, vous n'avez rien à faire.

Si ce n'est pas vous, votre compte est peut-être utilisé par quelqu'un d'autre : contactez sans attendre l'assistance{{#HAS_ASSISTANCE}} ({{ASSISTANCE_CONTACT}}){{/HAS_ASSISTANCE}} et demandez-en un nouveau depuis la page de connexion : {{LOGIN_URL}}

Veuillez ne pas répondre à ce courriel.

Cordialement,

{{ORGANISATION}}
{{POSTAL_ADDRESS}}
