{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="lead">Réservé aux présidents des bureaux de vote électronique : identifiant, mot de passe et code de votre application d'authentification.</p>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint">Tous les champs sont obligatoires.</p>
<div class="field{{#ERROR_login}} has-error{{/ERROR_login}}">
<label for="login">Identifiant</label>
{{#ERROR_login}}<p class="field-error" id="login-error">{{MESSAGE}}</p>{{/ERROR_login}}
<input id="login" name="login" type="text" value="{{LOGIN}}" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="64"{{#ERROR_login}} aria-invalid="true" aria-describedby="login-error"{{/ERROR_login}}>
</div>
<div class="field{{#ERROR_password}} has-error{{/ERROR_password}}">
<label for="password">Mot de passe</label>
{{#ERROR_password}}<p class="field-error" id="password-error">{{MESSAGE}}</p>{{/ERROR_password}}
<input id="password" name="password" type="password" autocomplete="current-password" required{{#ERROR_password}} aria-invalid="true" aria-describedby="password-error"{{/ERROR_password}}>
</div>
<div class="field{{#ERROR_totp}} has-error{{/ERROR_totp}}">
<label for="totp">Code de vérification</label>
<p class="hint" id="totp-hint">Les 6 chiffres affichés par votre application d'authentification (ils changent toutes les 30 secondes).</p>
{{#ERROR_totp}}<p class="field-error" id="totp-error">{{MESSAGE}}</p>{{/ERROR_totp}}
<input id="totp" name="totp" type="text" inputmode="numeric" autocomplete="one-time-code" spellcheck="false" required maxlength="16" class="code-input" aria-describedby="totp-hint{{#ERROR_totp}} totp-error{{/ERROR_totp}}"{{#ERROR_totp}} aria-invalid="true"{{/ERROR_totp}}>
</div>
<p><button type="submit">Se connecter</button></p>
</form>
