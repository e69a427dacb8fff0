Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

Vous avez demandé la réinitialisation de votre code d'accès, alors que votre identifiant vous a été renvoyé il y a moins de {{HOURS}} h.

Pour des raisons de sécurité, il n'est pas possible de renouveler à la fois son identifiant et son code d'accès : cette demande n'a pas été traitée, et votre code d'accès actuel reste valable. Vous pourrez la refaire une fois ce délai passé.

Si vous n'êtes pas à l'origine de ces demandes, contactez l'assistance{{#HAS_ASSISTANCE}} : {{ASSISTANCE_CONTACT}}{{/HAS_ASSISTANCE}}.

Veuillez ne pas répondre à ce courriel.

Cordialement,

{{ORGANISATION}}
{{POSTAL_ADDRESS}}
