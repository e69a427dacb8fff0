{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
{{#PASSWORD}}<p class="lead">{{T_co_request_password_lead:none}}</p>
<p>{{T_co_request_password_how:none}}</p>{{/PASSWORD}}
{{#IDENTIFIER}}<p class="lead">{{T_co_request_identifier_lead:none}}</p>
<p>{{T_co_request_identifier_how:none}}</p>{{/IDENTIFIER}}
<p class="hint">{{T_co_not_both:none}}</p>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint">{{T_form_all_required:none}}</p>
<div class="field{{#ERROR_numic}} has-error{{/ERROR_numic}}">
<label for="numic">NUMIC</label>
<p class="hint" id="numic-hint">{{T_co_numic_hint:none}}</p>
{{#ERROR_numic}}<p class="field-error" id="numic-error">{{MESSAGE}}</p>{{/ERROR_numic}}
<input id="numic" name="numic" type="text" value="{{NUMIC}}" inputmode="numeric" autocomplete="off" spellcheck="false" required maxlength="32" aria-describedby="numic-hint{{#ERROR_numic}} numic-error{{/ERROR_numic}}"{{#ERROR_numic}} aria-invalid="true"{{/ERROR_numic}}>
</div>
<div class="field{{#ERROR_email}} has-error{{/ERROR_email}}">
<label for="email">{{T_field_email:none}}</label>
{{#ERROR_email}}<p class="field-error" id="email-error">{{MESSAGE}}</p>{{/ERROR_email}}
<input id="email" name="email" type="email" value="{{EMAIL}}" autocomplete="email" spellcheck="false" required maxlength="254"{{#ERROR_email}} aria-invalid="true" aria-describedby="email-error"{{/ERROR_email}}>
</div>
{{>CAPTCHA}}
<p><button type="submit">{{#PASSWORD}}{{T_co_submit_password:none}}{{/PASSWORD}}{{#IDENTIFIER}}{{T_co_submit_identifier:none}}{{/IDENTIFIER}}</button></p>
</form>
<p><a href="{{LOGIN_URL}}">{{T_link_state_login:none}}</a></p>
