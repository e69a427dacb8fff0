{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="lead">{{T_co_link_lead:none}}</p>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#ERROR_login}} has-error{{/ERROR_login}}">
<label for="login">{{T_field_login:none}}</label>
<p class="hint" id="login-hint">{{T_co_case:none}}{{#ATTEMPTS}} {{TEXT}}{{/ATTEMPTS}}</p>
{{#ERROR_login}}<p class="field-error" id="login-error">{{MESSAGE}}</p>{{/ERROR_login}}
<input id="login" name="login" type="text" value="{{LOGIN}}" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="64" aria-describedby="login-hint{{#ERROR_login}} login-error{{/ERROR_login}}"{{#ERROR_login}} aria-invalid="true"{{/ERROR_login}}>
</div>
{{>CAPTCHA}}
<p><button type="submit">{{T_button_validate:none}}</button></p>
</form>
