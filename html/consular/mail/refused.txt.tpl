Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

{{#ASKED_PASSWORD}}Vous avez demandé le renouvellement de votre mot de passe, alors que votre identifiant vous a été renvoyé il y a moins de {{HOURS}} h.{{/ASKED_PASSWORD}}{{#ASKED_IDENTIFIER}}Vous avez demandé à recevoir de nouveau votre identifiant, alors que le renouvellement de votre mot de passe a été demandé il y a moins de {{HOURS}} h.{{/ASKED_IDENTIFIER}}

Pour des raisons de sécurité, il n'est pas possible de renouveler à la fois son identifiant et son mot de passe : cette demande n'a pas été traitée. Vous pourrez la refaire une fois ce délai passé.

Si vous n'êtes pas à l'origine de ces demandes, contactez la cellule d'assistance{{#HAS_ASSISTANCE}} : {{ASSISTANCE_CONTACT}}{{/HAS_ASSISTANCE}}.

Veuillez ne pas répondre à ce courriel.

{{ORGANISATION}}
