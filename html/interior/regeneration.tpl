{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="lead">{{#MAIL}}{{T_in_regen_lead_mail:none}}{{/MAIL}}{{#SMS}}{{T_in_regen_lead_sms:none}}{{/SMS}}</p>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint">{{T_form_all_required:none}}</p>
<div class="field{{#ERROR_matricule}} has-error{{/ERROR_matricule}}">
<label for="matricule">{{T_in_matricule:none}}</label>
<p class="hint" id="matricule-hint">{{T_in_matricule_hint:none}}</p>
{{#ERROR_matricule}}<p class="field-error" id="matricule-error">{{MESSAGE}}</p>{{/ERROR_matricule}}
<input id="matricule" name="matricule" type="text" value="{{MATRICULE}}" inputmode="numeric" autocomplete="off" spellcheck="false" required maxlength="32" aria-describedby="matricule-hint{{#ERROR_matricule}} matricule-error{{/ERROR_matricule}}"{{#ERROR_matricule}} aria-invalid="true"{{/ERROR_matricule}}>
</div>
<div class="field{{#ERROR_naissance}} has-error{{/ERROR_naissance}}">
<label for="naissance">{{T_in_birth_date:none}}</label>
<p class="hint" id="naissance-hint">{{T_in_birth_hint:none}}</p>
{{#ERROR_naissance}}<p class="field-error" id="naissance-error">{{MESSAGE}}</p>{{/ERROR_naissance}}
<input id="naissance" name="naissance" type="text" value="{{NAISSANCE}}" inputmode="numeric" autocomplete="bday" spellcheck="false" required maxlength="32" aria-describedby="naissance-hint{{#ERROR_naissance}} naissance-error{{/ERROR_naissance}}"{{#ERROR_naissance}} aria-invalid="true"{{/ERROR_naissance}}>
</div>
<div class="field{{#ERROR_secret}} has-error{{/ERROR_secret}}">
<label for="secret">{{T_in_secret:none}}</label>
<p class="hint" id="secret-hint">{{T_in_secret_hint:none}}</p>
{{#ERROR_secret}}<p class="field-error" id="secret-error">{{MESSAGE}}</p>{{/ERROR_secret}}
<input id="secret" name="secret" type="password" autocomplete="off" spellcheck="false" required maxlength="64" aria-describedby="secret-hint{{#ERROR_secret}} secret-error{{/ERROR_secret}}"{{#ERROR_secret}} aria-invalid="true"{{/ERROR_secret}}>
</div>
{{>CAPTCHA}}
<p><button type="submit">{{T_in_regen_submit:none}}</button></p>
</form>
<p><a href="{{SUPPORT_URL}}">{{T_in_support_back:none}}</a></p>
