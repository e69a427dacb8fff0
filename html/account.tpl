{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="lead">{{T_account_hello}} <strong id="display-name">{{DISPLAY_NAME}}</strong>.</p>
<dl class="summary">
<dt>{{T_field_login}}</dt><dd>{{LOGIN}}</dd>
<dt>{{T_field_email}}</dt><dd>{{EMAIL}}</dd>
<dt>{{T_field_phone}}</dt><dd>{{PHONE}}</dd>
</dl>
<p><a class="button" href="{{PASSWORD_URL}}">{{T_account_change_password}}</a></p>
<form method="post" action="{{LOGOUT_URL}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="secondary">{{T_account_logout}}</button>
</form>
