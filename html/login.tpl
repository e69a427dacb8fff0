{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#NEXT}}<input type="hidden" name="next" value="{{PATH}}">{{/NEXT}}
<p class="hint">{{T_form_all_required:none}}</p>
<div class="field{{#ERROR_login}} has-error{{/ERROR_login}}">
<label for="login">{{T_field_login:none}}</label>
{{#LOGIN_LINK}}<p class="hint"><a href="{{URL}}">{{TEXT}}</a></p>{{/LOGIN_LINK}}
{{#ERROR_login}}<p class="field-error" id="login-error">{{MESSAGE}}</p>{{/ERROR_login}}
<input id="login" name="login" type="text" value="{{LOGIN}}" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="64"{{#ERROR_login}} aria-invalid="true" aria-describedby="login-error"{{/ERROR_login}}>
</div>
<div class="field{{#ERROR_password}} has-error{{/ERROR_password}}">
<label for="password">{{T_field_password:none}}</label>
{{#PASSWORD_LINK}}<p class="hint"><a href="{{URL}}">{{TEXT}}</a></p>{{/PASSWORD_LINK}}
{{#ERROR_password}}<p class="field-error" id="password-error">{{MESSAGE}}</p>{{/ERROR_password}}
<input id="password" name="password" type="password" autocomplete="current-password" required{{#ERROR_password}} aria-invalid="true" aria-describedby="password-error"{{/ERROR_password}}>
</div>
{{>CAPTCHA}}
<p><button type="submit">{{T_login_submit:none}}</button></p>
</form>
{{#FORM_LINK}}<p><a href="{{URL}}">{{TEXT}}</a></p>{{/FORM_LINK}}
