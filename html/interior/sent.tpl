{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>Votre demande a bien été prise en compte.</p></div>
<p>Si les informations saisies correspondent à un agent, {{#MAIL}}un courriel vient d'être envoyé à son adresse électronique professionnelle : il contient un lien, valable {{HOURS}} h pour un seul changement de mot de passe{{/MAIL}}{{#SMS}}un nouveau mot de passe vient d'être envoyé par SMS au numéro de téléphone enregistré : il ne sert qu'une fois, dans les {{HOURS}} h, et vous choisirez alors le vôtre{{/SMS}}.</p>
<p>Si rien ne vous parvient d'ici quelques minutes, vérifiez votre saisie et faites une nouvelle demande, ou signalez-vous au président de votre bureau de vote électronique.</p>
<p><a class="button secondary" href="{{LOGIN_URL}}">Retour à la page de connexion</a></p>
