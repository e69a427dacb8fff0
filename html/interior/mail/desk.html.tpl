{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ORGANISATION}}</title></head>
<body style="font-family: Arial, sans-serif; color: #1e1e1e;">
<p>Bonjour{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},</p>
{{#PASSWORD}}<p>Un nouveau mot de passe vous a été remis au bureau {{BUREAU}} le {{AT}}, par le président du bureau de vote électronique, sur présentation de votre pièce d'identité.</p>
<p>Il ne sert qu'une fois, dans les {{HOURS}} h : à votre prochaine connexion (<a href="{{INTERIOR_LOGIN_URL}}">{{INTERIOR_LOGIN_URL}}</a>), vous choisirez le vôtre.</p>{{/PASSWORD}}{{#KEY}}<p>Un nouveau code de sécurité vous a été remis au bureau {{BUREAU}} le {{AT}}, par le président du bureau de vote électronique, sur présentation de votre pièce d'identité. Votre ancien code ne fonctionne plus.</p>{{/KEY}}
<p><strong>Si vous n'êtes pas passé(e) au bureau</strong>, quelqu'un a peut-être obtenu ce secret à votre place : contactez sans attendre l'assistance{{#HAS_ASSISTANCE}} ({{ASSISTANCE_CONTACT}}){{/HAS_ASSISTANCE}} ou le président de votre bureau de vote électronique.</p>
<p>Veuillez ne pas répondre à ce courriel.</p>
<p>{{ORGANISATION}}<br>{{POSTAL_ADDRESS}}</p>
</body></html>
