{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<dl class="summary">
<dt>Agent</dt><dd id="agent-name">{{AGENT_NAME}}</dd>
<dt>Bureau</dt><dd>{{AGENT_BUREAU}}</dd>
<dt>Matricule</dt><dd>{{MATRICULE}}</dd>
</dl>
{{#DISABLED}}<p class="notice">{{DISABLED_TEXT}}</p>{{/DISABLED}}
{{#FORM}}<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="matricule" value="{{MATRICULE}}">
<h2>Document d'identité vérifié</h2>
<div class="field{{#ERROR_document}} has-error{{/ERROR_document}}">
<label for="document">Type de document</label>
{{#ERROR_document}}<p class="field-error" id="document-error">{{MESSAGE}}</p>{{/ERROR_document}}
<select id="document" name="document" required{{#ERROR_document}} aria-invalid="true" aria-describedby="document-error"{{/ERROR_document}}>
<option value="">Choisissez…</option>
{{#DOCUMENT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/DOCUMENT}}</select>
</div>
<div class="field{{#ERROR_document_fin}} has-error{{/ERROR_document_fin}}">
<label for="document_fin">4 derniers caractères du numéro du document</label>
<p class="hint" id="document_fin-hint">Lettres ou chiffres, par exemple 7K2C.</p>
{{#ERROR_document_fin}}<p class="field-error" id="document_fin-error">{{MESSAGE}}</p>{{/ERROR_document_fin}}
<input id="document_fin" name="document_fin" type="text" value="{{DOCUMENT_END}}" autocomplete="off" autocapitalize="characters" spellcheck="false" required maxlength="16" class="code-input" aria-describedby="document_fin-hint{{#ERROR_document_fin}} document_fin-error{{/ERROR_document_fin}}"{{#ERROR_document_fin}} aria-invalid="true"{{/ERROR_document_fin}}>
</div>
<fieldset class="choices{{#ERROR_remise}} has-error{{/ERROR_remise}}" id="remise"{{#ERROR_remise}} aria-describedby="remise-error"{{/ERROR_remise}}>
<legend>Que remettez-vous à l'agent ?</legend>
{{#ERROR_remise}}<p class="field-error" id="remise-error">{{MESSAGE}}</p>{{/ERROR_remise}}
<p><input type="radio" id="remise-password" name="remise" value="password"{{#PASSWORD_CHECKED}} checked{{/PASSWORD_CHECKED}}> <label for="remise-password">Remettre un nouveau mot de passe</label>
<span class="hint">À usage unique, valable {{HOURS}} h : l'agent choisira le sien à sa prochaine connexion.</span></p>
<p><input type="radio" id="remise-key" name="remise" value="key"{{#KEY_CHECKED}} checked{{/KEY_CHECKED}}> <label for="remise-key">Remettre un nouveau code de sécurité</label>
<span class="hint">L'ancien code cesse aussitôt de fonctionner.</span></p>
</fieldset>
<p><button type="submit">Valider et afficher la fiche</button></p>
</form>{{/FORM}}
<p><a href="{{SEARCH_URL}}">Rechercher un autre agent</a></p>
<form method="post" action="{{LOGOUT_URL}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="secondary">Se déconnecter</button>
</form>
