Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

Vous avez demandé la régénération de votre mot de passe.

Pour choisir votre nouveau mot de passe, ouvrez le lien ci-dessous :

{{LINK}}

Ce lien n'est valable que pour un seul changement de mot de passe, pendant {{TTL_HOURS}} h.

Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : votre mot de passe actuel reste valable. Quelqu'un connaît peut-être votre matricule, votre date de naissance et votre donnée secrète de réassort : signalez-le au président de votre bureau de vote électronique.

Veuillez ne pas répondre à ce courriel.

{{ORGANISATION}}
