{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#ERROR_login}} has-error{{/ERROR_login}}">
<label for="login">Identifiant</label>
{{#ERROR_login}}<p class="field-error" id="login-error">{{MESSAGE}}</p>{{/ERROR_login}}
<input id="login" name="login" type="text" value="{{LOGIN}}" required maxlength="64">
</div>
{{>CAPTCHA}}
<p><button type="submit">Envoyer</button></p>
</form>
