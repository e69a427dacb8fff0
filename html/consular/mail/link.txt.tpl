Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

Vous avez demandé le renouvellement de votre mot de passe.

Pour recevoir votre nouveau mot de passe par SMS, ouvrez le lien ci-dessous et saisissez votre identifiant (celui que vous avez reçu par courriel) :

{{LINK}}

Ce lien n'est valable que pour un seul renouvellement de mot de passe, pendant {{TTL_HOURS}} h.

Si vous n'avez pas renseigné de numéro de téléphone auprès de votre consulat ou sur le registre en ligne, vous ne pourrez pas recevoir votre nouveau mot de passe.

Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : votre mot de passe actuel reste valable.

Veuillez ne pas répondre à ce courriel.

{{ORGANISATION}}
