{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="lead">{{T_cm_forgot_lead:none}}</p>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint">{{T_form_all_required:none}}</p>
<div class="field{{#ERROR_login}} has-error{{/ERROR_login}}">
<label for="login">{{T_field_login:none}}</label>
{{#ERROR_login}}<p class="field-error" id="login-error">{{MESSAGE}}</p>{{/ERROR_login}}
<input id="login" name="login" type="text" value="{{LOGIN}}" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="64"{{#ERROR_login}} aria-invalid="true" aria-describedby="login-error"{{/ERROR_login}}>
</div>
<div class="field{{#ERROR_email}} has-error{{/ERROR_email}}">
<label for="email">{{T_field_email:none}}</label>
{{#ERROR_email}}<p class="field-error" id="email-error">{{MESSAGE}}</p>{{/ERROR_email}}
<input id="email" name="email" type="email" value="{{EMAIL}}" autocomplete="email" spellcheck="false" required maxlength="254"{{#ERROR_email}} aria-invalid="true" aria-describedby="email-error"{{/ERROR_email}}>
</div>
{{>CAPTCHA}}
<p><button type="submit">{{T_cm_forgot_submit:none}}</button></p>
</form>
<p><a href="{{LOGIN_URL}}">{{T_link_state_login:none}}</a></p>
