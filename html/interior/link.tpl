{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="lead">{{T_in_link_lead:none}}</p>
<div class="rules" id="password-rules">
<p>{{T_change_rules:none}}</p>
<ul>{{#RULE}}<li>{{TEXT}}</li>{{/RULE}}</ul>
</div>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#ERROR_password}} has-error{{/ERROR_password}}">
<label for="password">{{T_change_new:none}}</label>
{{#ERROR_password}}<p class="field-error" id="password-error">{{MESSAGE}}</p>{{/ERROR_password}}
<input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-rules{{#ERROR_password}} password-error{{/ERROR_password}}"{{#ERROR_password}} aria-invalid="true"{{/ERROR_password}}>
</div>
<div class="field{{#ERROR_password_confirm}} has-error{{/ERROR_password_confirm}}">
<label for="password_confirm">{{T_change_confirm:none}}</label>
{{#ERROR_password_confirm}}<p class="field-error" id="password_confirm-error">{{MESSAGE}}</p>{{/ERROR_password_confirm}}
<input id="password_confirm" name="password_confirm" type="password" autocomplete="new-password" required{{#ERROR_password_confirm}} aria-invalid="true" aria-describedby="password_confirm-error"{{/ERROR_password_confirm}}>
</div>
<p><button type="submit">{{T_button_validate:none}}</button></p>
</form>
