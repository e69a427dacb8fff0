{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>Votre question Défi est enregistrée.</p></div>
<p><a class="button" href="{{VOTE_URL}}">Accéder à votre espace de vote</a></p>
