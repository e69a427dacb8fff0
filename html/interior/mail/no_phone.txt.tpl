Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

Vous avez demandé la régénération de votre mot de passe. Aucun numéro de téléphone portable n'est enregistré pour vous : votre nouveau mot de passe ne peut pas vous être envoyé par SMS, et votre mot de passe n'a pas été modifié.

Signalez-vous au président de votre bureau de vote électronique, muni de votre pièce d'identité et de votre carte professionnelle : il vous remettra un nouveau mot de passe.

Si vous n'êtes pas à l'origine de cette demande, signalez-le-lui également.

Veuillez ne pas répondre à ce courriel.

{{ORGANISATION}}
