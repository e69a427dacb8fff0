{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="lead">{{OFFICER}}, bureau <strong>{{BUREAU}}</strong>.</p>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#ERROR_matricule}} has-error{{/ERROR_matricule}}">
<label for="matricule">Matricule de l'agent</label>
<p class="hint" id="matricule-hint">Au dos de sa carte agent. Seuls les agents de votre bureau sont trouvés.</p>
{{#ERROR_matricule}}<p class="field-error" id="matricule-error">{{MESSAGE}}</p>{{/ERROR_matricule}}
<input id="matricule" name="matricule" type="text" value="{{MATRICULE}}" inputmode="numeric" autocomplete="off" spellcheck="false" required maxlength="32" aria-describedby="matricule-hint{{#ERROR_matricule}} matricule-error{{/ERROR_matricule}}"{{#ERROR_matricule}} aria-invalid="true"{{/ERROR_matricule}}>
</div>
<p><button type="submit">Rechercher</button></p>
</form>
<form method="post" action="{{LOGOUT_URL}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="secondary">Se déconnecter</button>
</form>
