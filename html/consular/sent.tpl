{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>Votre demande a bien été prise en compte.</p></div>
<p>Un courriel vient de vous être envoyé{{#PASSWORD}} : il contient un lien, valable pour un seul renouvellement de mot de passe{{/PASSWORD}}.</p>
<p>Si celui-ci ne vous parvient pas d'ici quelques minutes, merci de consulter le dossier des « courriels indésirables (spam) ».</p>
{{#PASSWORD}}<p>Votre nouveau mot de passe vous sera renvoyé par SMS. Si vous n'avez pas renseigné de numéro de téléphone auprès de votre consulat ou sur le registre en ligne, vous ne pourrez pas recevoir votre nouveau mot de passe.</p>{{/PASSWORD}}
<p>Pour des raisons de sécurité, il n'est pas possible de renouveler à la fois son identifiant et son mot de passe.</p>
<p><a class="button secondary" href="{{LOGIN_URL}}">Retour</a></p>
