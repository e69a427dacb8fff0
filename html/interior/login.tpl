{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint">{{T_form_all_required:none}}</p>
<div class="field{{#ERROR_matricule}} has-error{{/ERROR_matricule}}">
<label for="matricule">{{T_in_matricule:none}}</label>
<p class="hint" id="matricule-hint">{{T_in_matricule_hint:none}}</p>
{{#ERROR_matricule}}<p class="field-error" id="matricule-error">{{MESSAGE}}</p>{{/ERROR_matricule}}
<input id="matricule" name="matricule" type="text" value="{{MATRICULE}}" inputmode="numeric" autocomplete="username" spellcheck="false" required maxlength="32" aria-describedby="matricule-hint{{#ERROR_matricule}} matricule-error{{/ERROR_matricule}}"{{#ERROR_matricule}} aria-invalid="true"{{/ERROR_matricule}}>
</div>
<div class="field{{#ERROR_naissance}} has-error{{/ERROR_naissance}}">
<label for="naissance">{{T_in_birth_date:none}}</label>
<p class="hint" id="naissance-hint">{{T_in_birth_hint:none}}</p>
{{#ERROR_naissance}}<p class="field-error" id="naissance-error">{{MESSAGE}}</p>{{/ERROR_naissance}}
<input id="naissance" name="naissance" type="text" value="{{NAISSANCE}}" inputmode="numeric" autocomplete="bday" spellcheck="false" required maxlength="32" aria-describedby="naissance-hint{{#ERROR_naissance}} naissance-error{{/ERROR_naissance}}"{{#ERROR_naissance}} aria-invalid="true"{{/ERROR_naissance}}>
</div>
<div class="field{{#ERROR_cle}} has-error{{/ERROR_cle}}">
<label for="cle">{{T_in_key:none}}</label>
<p class="hint" id="cle-hint">{{T_in_key_hint:none}}</p>
{{#ERROR_cle}}<p class="field-error" id="cle-error">{{MESSAGE}}</p>{{/ERROR_cle}}
<input id="cle" name="cle" type="password" autocomplete="off" spellcheck="false" required maxlength="64" aria-describedby="cle-hint{{#ERROR_cle}} cle-error{{/ERROR_cle}}"{{#ERROR_cle}} aria-invalid="true"{{/ERROR_cle}}>
</div>
<div class="field{{#ERROR_password}} has-error{{/ERROR_password}}">
<label for="password">{{T_field_password:none}}</label>
{{#ERROR_password}}<p class="field-error" id="password-error">{{MESSAGE}}</p>{{/ERROR_password}}
<input id="password" name="password" type="password" autocomplete="current-password" required{{#ERROR_password}} aria-invalid="true" aria-describedby="password-error"{{/ERROR_password}}>
</div>
<p><button type="submit">{{T_login_submit:none}}</button></p>
</form>
<p><a href="{{SUPPORT_URL}}">{{T_in_support_link:none}}</a></p>
