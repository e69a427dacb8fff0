{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="lead">Saisissez l'identifiant que vous avez reçu par courriel. Votre nouveau mot de passe vous sera alors envoyé par SMS.</p>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#ERROR_login}} has-error{{/ERROR_login}}">
<label for="login">Identifiant</label>
<p class="hint" id="login-hint">Respectez les majuscules et les minuscules.{{#ATTEMPTS}} {{TEXT}}{{/ATTEMPTS}}</p>
{{#ERROR_login}}<p class="field-error" id="login-error">{{MESSAGE}}</p>{{/ERROR_login}}
<input id="login" name="login" type="text" value="{{LOGIN}}" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="64" aria-describedby="login-hint{{#ERROR_login}} login-error{{/ERROR_login}}"{{#ERROR_login}} aria-invalid="true"{{/ERROR_login}}>
</div>
{{>CAPTCHA}}
<p><button type="submit">Valider</button></p>
</form>
