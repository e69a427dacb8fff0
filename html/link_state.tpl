{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<p>{{MESSAGE}}</p>
<p><a class="button" href="{{FORGOT_URL}}">Faire une nouvelle demande</a></p>
<p><a href="{{LOGIN_URL}}">Retour à la connexion</a></p>
