Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

Votre espace de vote est créé. Pour l'ouvrir, choisissez votre question Défi et sa réponse secrète en suivant le lien ci-dessous :

{{LINK}}

Ce lien ne sert qu'une fois, pendant {{TTL_HOURS}} h.

Veuillez ne pas répondre à ce courriel.

{{ORGANISATION}}
