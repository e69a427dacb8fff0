Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

Vous avez demandé la réinitialisation de votre code d'accès dans votre espace personnel.

Vous allez recevoir un code d'activation par SMS qui servira à valider la modification de votre nouveau code d'accès.

Muni de ce code, cliquez sur l'adresse ci-dessous pour terminer l'activation :

{{LINK}}

Ce lien a une durée de validité de {{TTL_HOURS}} h. Il ne sert qu'une fois.

Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : votre code d'accès actuel reste valable.

Veuillez ne pas répondre à ce courriel.

Cordialement,

{{ORGANISATION}}
{{POSTAL_ADDRESS}}
