{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>Votre nouveau mot de passe vous a été envoyé par SMS.</p></div>
<p>Copiez-le et conservez-le. Il ne sert qu'une fois, dans les {{HOURS}} heures : à la connexion, vous choisirez votre propre mot de passe.</p>
<p><a class="button" href="{{LOGIN_URL}}">Connexion</a></p>
