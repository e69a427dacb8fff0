Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

{{#PASSWORD}}Un nouveau mot de passe vous a été remis au bureau {{BUREAU}} le {{AT}}, par le président du bureau de vote électronique, sur présentation de votre pièce d'identité. Il ne sert qu'une fois, dans les {{HOURS}} h : à votre prochaine connexion ({{INTERIOR_LOGIN_URL}}), vous choisirez le vôtre.{{/PASSWORD}}{{#KEY}}Un nouveau code de sécurité vous a été remis au bureau {{BUREAU}} le {{AT}}, par le président du bureau de vote électronique, sur présentation de votre pièce d'identité. Votre ancien code ne fonctionne plus.{{/KEY}}

Si vous n'êtes pas passé(e) au bureau, quelqu'un a peut-être obtenu ce secret à votre place : contactez sans attendre l'assistance{{#HAS_ASSISTANCE}} ({{ASSISTANCE_CONTACT}}){{/HAS_ASSISTANCE}} ou le président de votre bureau de vote électronique.

Veuillez ne pas répondre à ce courriel.

{{ORGANISATION}}
{{POSTAL_ADDRESS}}
