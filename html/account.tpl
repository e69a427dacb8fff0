{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="lead">{{T_account_hello:none}} <strong id="display-name">{{DISPLAY_NAME}}</strong>.</p>
<dl class="summary">
<dt>{{T_field_login:none}}</dt><dd>{{LOGIN}}</dd>
<dt>{{T_field_email:none}}</dt><dd>{{EMAIL}}</dd>
<dt>{{T_field_phone:none}}</dt><dd>{{PHONE}}</dd>
</dl>
<p><a class="button" href="{{PASSWORD_URL}}">{{T_account_change_password:none}}</a></p>
<form method="post" action="{{LOGOUT_URL}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="secondary">{{T_account_logout:none}}</button>
</form>
