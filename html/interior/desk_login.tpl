{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="lead">{{T_in_desk_login_lead:none}}</p>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint">{{T_form_all_required:none}}</p>
<div class="field{{#ERROR_login}} has-error{{/ERROR_login}}">
<label for="login">{{T_field_login:none}}</label>
{{#ERROR_login}}<p class="field-error" id="login-error">{{MESSAGE}}</p>{{/ERROR_login}}
<input id="login" name="login" type="text" value="{{LOGIN}}" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="64"{{#ERROR_login}} aria-invalid="true" aria-describedby="login-error"{{/ERROR_login}}>
</div>
<div class="field{{#ERROR_password}} has-error{{/ERROR_password}}">
<label for="password">{{T_field_password:none}}</label>
{{#ERROR_password}}<p class="field-error" id="password-error">{{MESSAGE}}</p>{{/ERROR_password}}
<input id="password" name="password" type="password" autocomplete="current-password" required{{#ERROR_password}} aria-invalid="true" aria-describedby="password-error"{{/ERROR_password}}>
</div>
<div class="field{{#ERROR_totp}} has-error{{/ERROR_totp}}">
<label for="totp">{{T_in_desk_totp:none}}</label>
<p class="hint" id="totp-hint">{{T_in_desk_totp_hint:none}}</p>
{{#ERROR_totp}}<p class="field-error" id="totp-error">{{MESSAGE}}</p>{{/ERROR_totp}}
<input id="totp" name="totp" type="text" inputmode="numeric" autocomplete="one-time-code" spellcheck="false" required maxlength="16" class="code-input" aria-describedby="totp-hint{{#ERROR_totp}} totp-error{{/ERROR_totp}}"{{#ERROR_totp}} aria-invalid="true"{{/ERROR_totp}}>
</div>
<p><button type="submit">{{T_login_submit:none}}</button></p>
</form>
