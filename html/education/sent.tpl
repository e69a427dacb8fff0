{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>{{#EMAIL}}Un mail vient de vous être envoyé à l'adresse de messagerie personnelle saisie{{/EMAIL}}{{#SMS}}Un SMS vient de vous être envoyé au numéro de portable saisi{{/SMS}}, avec un lien pour régénérer votre code de vote.</p></div>
<p>Ce lien ne sert qu'une fois, pendant {{MINUTES}} minutes. L'adresse e-mail ou le numéro de téléphone saisi n'est pas enregistré.</p>
<p><a class="button secondary" href="{{VOTE_URL}}">Retour à la saisie du code de vote</a></p>
