{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>Votre nouveau code d'accès est enregistré.</p></div>
<p>Vous pouvez maintenant vous connecter à votre espace personnel avec ce nouveau code d'accès. Vos autres connexions ouvertes ont été fermées, et un courriel de confirmation vous a été envoyé.</p>
<p><a class="button" href="{{LOGIN_URL}}">Espace personnel</a></p>
