{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<p class="lead">Veuillez choisir le mode de récupération de votre code de vote :</p>
<ul>
<li>Répondre à votre question Défi avec votre réponse secrète : <a id="question" href="{{QUESTION_URL}}">cliquez ici</a></li>
{{#FRANCECONNECT}}<li>OU utiliser les fonctionnalités d'authentification offertes par FranceConnect :
<div class="fc-group">
<a id="franceconnect" class="fc-button" href="{{URL}}"><span class="fc-login">S'identifier avec</span> <span class="fc-brand">FranceConnect</span></a>
<p><a href="https://franceconnect.gouv.fr/" target="_blank" rel="noopener noreferrer" title="Qu'est-ce que FranceConnect ? - nouvelle fenêtre">Qu'est-ce que FranceConnect ?</a></p>
</div></li>{{/FRANCECONNECT}}
</ul>
<p class="hint">La question Défi est celle que vous avez choisie au moment de l'ouverture de votre espace de vote, avec sa réponse.</p>
<p><a class="button secondary" href="{{BACK_URL}}">Retour</a></p>
