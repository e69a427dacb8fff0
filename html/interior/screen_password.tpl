{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>Votre mot de passe a été régénéré.</p></div>
<p>Notez-le maintenant : il n'est affiché qu'une fois, et ne vous sera pas envoyé.</p>
<p class="secret"><code>{{PASSWORD}}</code></p>
<p>Il ne sert qu'une fois, dans les {{HOURS}} h : connectez-vous avec votre matricule, votre date de naissance, votre code de sécurité et ce mot de passe, puis choisissez le vôtre.</p>
<p><a class="button" href="{{LOGIN_URL}}">Se connecter</a></p>
