{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<dl class="summary">
<dt>{{T_in_desk_agent:none}}</dt><dd id="agent-name">{{AGENT_NAME}}</dd>
<dt>{{T_in_desk_bureau:none}}</dt><dd>{{AGENT_BUREAU}}</dd>
<dt>{{T_in_matricule:none}}</dt><dd>{{MATRICULE}}</dd>
</dl>
{{#DISABLED}}<p class="notice">{{DISABLED_TEXT}}</p>{{/DISABLED}}
{{#FORM}}<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="matricule" value="{{MATRICULE}}">
<h2>{{T_in_desk_document_checked:none}}</h2>
<div class="field{{#ERROR_document}} has-error{{/ERROR_document}}">
<label for="document">{{T_in_desk_document_type:none}}</label>
{{#ERROR_document}}<p class="field-error" id="document-error">{{MESSAGE}}</p>{{/ERROR_document}}
<select id="document" name="document" required{{#ERROR_document}} aria-invalid="true" aria-describedby="document-error"{{/ERROR_document}}>
<option value="">{{T_in_desk_choose:none}}</option>
{{#DOCUMENT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/DOCUMENT}}</select>
</div>
<div class="field{{#ERROR_document_fin}} has-error{{/ERROR_document_fin}}">
<label for="document_fin">{{T_in_desk_document_end:none}}</label>
<p class="hint" id="document_fin-hint">{{T_in_desk_document_end_hint:none}}</p>
{{#ERROR_document_fin}}<p class="field-error" id="document_fin-error">{{MESSAGE}}</p>{{/ERROR_document_fin}}
<input id="document_fin" name="document_fin" type="text" value="{{DOCUMENT_END}}" autocomplete="off" autocapitalize="characters" spellcheck="false" required maxlength="16" class="code-input" aria-describedby="document_fin-hint{{#ERROR_document_fin}} document_fin-error{{/ERROR_document_fin}}"{{#ERROR_document_fin}} aria-invalid="true"{{/ERROR_document_fin}}>
</div>
<fieldset class="choices{{#ERROR_remise}} has-error{{/ERROR_remise}}" id="remise"{{#ERROR_remise}} aria-describedby="remise-error"{{/ERROR_remise}}>
<legend>{{T_in_desk_what:none}}</legend>
{{#ERROR_remise}}<p class="field-error" id="remise-error">{{MESSAGE}}</p>{{/ERROR_remise}}
<p><input type="radio" id="remise-password" name="remise" value="password"{{#PASSWORD_CHECKED}} checked{{/PASSWORD_CHECKED}}> <label for="remise-password">{{T_in_desk_give_password:none}}</label>
<span class="hint">{{T_in_desk_give_password_hint:none}}</span></p>
<p><input type="radio" id="remise-key" name="remise" value="key"{{#KEY_CHECKED}} checked{{/KEY_CHECKED}}> <label for="remise-key">{{T_in_desk_give_key:none}}</label>
<span class="hint">{{T_in_desk_give_key_hint:none}}</span></p>
</fieldset>
<p><button type="submit">{{T_in_desk_submit:none}}</button></p>
</form>{{/FORM}}
<p><a href="{{SEARCH_URL}}">{{T_in_desk_search_other:none}}</a></p>
<form method="post" action="{{LOGOUT_URL}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="secondary">{{T_account_logout:none}}</button>
</form>
