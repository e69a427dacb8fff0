{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
{{#FORCED}}<p class="lead">{{T_change_forced:none}}</p>{{/FORCED}}
<div class="rules" id="password-rules">
<p>{{T_change_rules:none}}</p>
<ul>{{#RULE}}<li>{{TEXT}}</li>{{/RULE}}</ul>
</div>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="text" name="username" value="{{LOGIN}}" autocomplete="username" hidden>
{{#ASK_CURRENT}}<div class="field{{#ERROR_current_password}} has-error{{/ERROR_current_password}}">
<label for="current_password">{{T_change_current:none}}</label>
{{#ERROR_current_password}}<p class="field-error" id="current_password-error">{{MESSAGE}}</p>{{/ERROR_current_password}}
<input id="current_password" name="current_password" type="password" autocomplete="current-password" required{{#ERROR_current_password}} aria-invalid="true" aria-describedby="current_password-error"{{/ERROR_current_password}}>
</div>{{/ASK_CURRENT}}
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
{{#ASK_CURRENT}}<p><a href="{{ACCOUNT_URL}}">{{T_change_back:none}}</a></p>{{/ASK_CURRENT}}
