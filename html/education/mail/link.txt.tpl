Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

Vous avez demandé un réassort de votre code de vote.

Pour régénérer votre code de vote, ouvrez le lien ci-dessous :

{{LINK}}

Ce lien ne sert qu'une fois, pendant {{TTL_MINUTES}} minutes. Munissez-vous de quoi noter votre nouveau code : il ne restera affiché que peu de temps.

Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : votre code de vote actuel reste inchangé.

Veuillez ne pas répondre à ce courriel.

{{ORGANISATION}}
