Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

Vous avez demandé à recevoir de nouveau votre identifiant.

Votre identifiant : {{IDENTIFIER}}

Conservez-le : il vous sera demandé avec votre mot de passe pour vous connecter.

Pour des raisons de sécurité, il n'est pas possible de renouveler à la fois son identifiant et son mot de passe.

Si vous n'êtes pas à l'origine de cette demande, contactez la cellule d'assistance{{#HAS_ASSISTANCE}} : {{ASSISTANCE_CONTACT}}{{/HAS_ASSISTANCE}}.

Veuillez ne pas répondre à ce courriel.

{{ORGANISATION}}
