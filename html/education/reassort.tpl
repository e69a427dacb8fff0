{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<p class="lead">Veuillez choisir le mode de récupération de votre code de vote :</p>
<ul>
<li>Répondre à votre question Défi avec votre réponse secrète : <a id="question" href="{{QUESTION_URL}}">cliquez ici</a></li>
{{#FRANCECONNECT}}<li>OU utiliser les fonctionnalités d'authentification offertes par FranceConnect : <a href="{{URL}}">S'identifier avec FranceConnect</a></li>{{/FRANCECONNECT}}
</ul>
<p class="hint">La question Défi est celle que vous avez choisie au moment de l'ouverture de votre espace de vote, avec sa réponse.</p>
<p><a class="button secondary" href="{{BACK_URL}}">Retour</a></p>
