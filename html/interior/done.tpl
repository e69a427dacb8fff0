{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>Votre nouveau mot de passe est enregistré.</p></div>
<p>Connectez-vous avec votre matricule, votre date de naissance, votre code de sécurité et ce nouveau mot de passe. Vos autres connexions ouvertes ont été fermées, et un courriel de confirmation vous a été envoyé.</p>
<p><a class="button" href="{{LOGIN_URL}}">Se connecter</a></p>
