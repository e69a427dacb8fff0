{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
{{#INVALIDATED}}<div class="notice" role="alert"><p>Votre code de vote a été invalidé.<br>Veuillez cliquer sur le lien « Cliquez ici pour obtenir un réassort de votre code de vote » pour effectuer une demande de réassort.</p></div>{{/INVALIDATED}}
{{#NO_CODE}}<div class="notice" role="status"><p>Vous n'avez pas encore de code de vote : demandez-en un par un réassort.</p></div>{{/NO_CODE}}
<p class="hint">* : champ obligatoire</p>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#ERROR_code}} has-error{{/ERROR_code}}">
<label for="code">Code de vote *</label>
<p class="hint" id="code-hint">Votre code de vote se trouve sur votre notice de vote papier.</p>
{{#ERROR_code}}<p class="field-error" id="code-error">{{MESSAGE}}</p>{{/ERROR_code}}
<input id="code" name="code" type="password" autocomplete="off" spellcheck="false" required maxlength="128" aria-describedby="code-hint{{#ERROR_code}} code-error{{/ERROR_code}}"{{#ERROR_code}} aria-invalid="true"{{/ERROR_code}}>
</div>
<p><a id="reassort" href="{{REASSORT_URL}}">Cliquez ici pour obtenir un réassort de votre code de vote</a></p>
{{>CAPTCHA}}
<p><button type="submit">Connexion</button> <a class="button secondary" href="{{BACK_URL}}">Retour</a></p>
</form>
<ul class="hint">
<li>Pour accéder à votre espace de vote, veuillez renseigner votre code de vote (votre code de vote se trouve sur votre notice de vote papier) ;</li>
<li>puis recopiez le code de sécurité visible sur cet écran.</li>
</ul>
