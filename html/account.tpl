{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="lead">Bonjour <strong id="display-name">{{DISPLAY_NAME}}</strong>.</p>
<dl class="summary">
<dt>Identifiant</dt><dd>{{LOGIN}}</dd>
<dt>Adresse électronique</dt><dd>{{EMAIL}}</dd>
<dt>Téléphone portable</dt><dd>{{PHONE}}</dd>
</dl>
<p><a class="button" href="{{PASSWORD_URL}}">Changer mon mot de passe</a></p>
<form method="post" action="{{LOGOUT_URL}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="secondary">Se déconnecter</button>
</form>
