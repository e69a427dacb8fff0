{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint">Tous les champs sont obligatoires.</p>
<div class="field{{#ERROR_matricule}} has-error{{/ERROR_matricule}}">
<label for="matricule">Matricule</label>
<p class="hint" id="matricule-hint">Au dos de votre carte agent.</p>
{{#ERROR_matricule}}<p class="field-error" id="matricule-error">{{MESSAGE}}</p>{{/ERROR_matricule}}
<input id="matricule" name="matricule" type="text" value="{{MATRICULE}}" inputmode="numeric" autocomplete="username" spellcheck="false" required maxlength="32" aria-describedby="matricule-hint{{#ERROR_matricule}} matricule-error{{/ERROR_matricule}}"{{#ERROR_matricule}} aria-invalid="true"{{/ERROR_matricule}}>
</div>
<div class="field{{#ERROR_naissance}} has-error{{/ERROR_naissance}}">
<label for="naissance">Date de naissance</label>
<p class="hint" id="naissance-hint">Format JJ/MM/AAAA</p>
{{#ERROR_naissance}}<p class="field-error" id="naissance-error">{{MESSAGE}}</p>{{/ERROR_naissance}}
<input id="naissance" name="naissance" type="text" value="{{NAISSANCE}}" inputmode="numeric" autocomplete="bday" spellcheck="false" required maxlength="32" aria-describedby="naissance-hint{{#ERROR_naissance}} naissance-error{{/ERROR_naissance}}"{{#ERROR_naissance}} aria-invalid="true"{{/ERROR_naissance}}>
</div>
<div class="field{{#ERROR_cle}} has-error{{/ERROR_cle}}">
<label for="cle">Code de sécurité</label>
<p class="hint" id="cle-hint">Le code qui vous a été remis avec votre compte (exemple : K7QX-M3TD-9WRA).</p>
{{#ERROR_cle}}<p class="field-error" id="cle-error">{{MESSAGE}}</p>{{/ERROR_cle}}
<input id="cle" name="cle" type="password" autocomplete="off" spellcheck="false" required maxlength="64" aria-describedby="cle-hint{{#ERROR_cle}} cle-error{{/ERROR_cle}}"{{#ERROR_cle}} aria-invalid="true"{{/ERROR_cle}}>
</div>
<div class="field{{#ERROR_password}} has-error{{/ERROR_password}}">
<label for="password">Mot de passe</label>
{{#ERROR_password}}<p class="field-error" id="password-error">{{MESSAGE}}</p>{{/ERROR_password}}
<input id="password" name="password" type="password" autocomplete="current-password" required{{#ERROR_password}} aria-invalid="true" aria-describedby="password-error"{{/ERROR_password}}>
</div>
<p><button type="submit">Se connecter</button></p>
</form>
<p><a href="{{SUPPORT_URL}}">Support en ligne</a></p>
