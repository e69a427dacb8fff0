Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

Vous avez demandé la réinitialisation de votre code d'accès dans votre espace personnel.

Aucun numéro de téléphone portable n'est enregistré pour votre compte : le code d'activation, envoyé par SMS, ne peut donc pas vous parvenir, et votre code d'accès ne peut pas être réinitialisé en ligne.

Pour le réinitialiser, contactez l'assistance{{#HAS_ASSISTANCE}} : {{ASSISTANCE_CONTACT}}{{/HAS_ASSISTANCE}}.

Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : votre code d'accès actuel reste valable.

Veuillez ne pas répondre à ce courriel.

Cordialement,

{{ORGANISATION}}
{{POSTAL_ADDRESS}}
