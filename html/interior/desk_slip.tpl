{{%AUTOESCAPE context="HTML"}}<h1 class="no-print">{{TITLE}}</h1>
{{#SLIP}}<p class="notice no-print">Cette fiche ne s'affiche qu'une fois : imprimez-la maintenant (Ctrl+P) ou recopiez le {{#PASSWORD}}mot de passe{{/PASSWORD}}{{#KEY}}code{{/KEY}} pour l'agent. Elle ne pourra plus être affichée.</p>
<section class="slip" aria-labelledby="slip-title">
<h2 id="slip-title">{{ORGANISATION}} : {{#PASSWORD}}votre nouveau mot de passe{{/PASSWORD}}{{#KEY}}votre nouveau code de sécurité{{/KEY}}</h2>
<dl class="summary">
<dt>Agent</dt><dd>{{AGENT_NAME}}</dd>
<dt>Bureau</dt><dd>{{BUREAU}}</dd>
<dt>Remis par</dt><dd>{{OFFICER}}</dd>
<dt>Le</dt><dd>{{AT}}</dd>
</dl>
<p class="slip-secret-label">{{#PASSWORD}}Mot de passe provisoire{{/PASSWORD}}{{#KEY}}Code de sécurité{{/KEY}} :</p>
<p class="slip-secret" id="slip-secret">{{SECRET}}</p>
<h3>Et maintenant ?</h3>
{{#PASSWORD}}<ol>
<li>Connectez-vous sur {{LOGIN_URL}} avec votre matricule, votre date de naissance, votre code de sécurité et ce mot de passe.</li>
<li>Il ne sert qu'une fois, dans les {{HOURS}} h : le portail vous demandera aussitôt de choisir votre propre mot de passe.</li>
<li>Détruisez cette fiche une fois votre mot de passe choisi.</li>
</ol>{{/PASSWORD}}{{#KEY}}<ol>
<li>Votre ancien code de sécurité ne fonctionne plus.</li>
<li>Connectez-vous sur {{LOGIN_URL}} avec votre matricule, votre date de naissance, ce code de sécurité et votre mot de passe.</li>
<li>Conservez ce code à l'abri : il vous sera demandé à chaque connexion.</li>
</ol>{{/KEY}}
</section>{{/SLIP}}
{{#GONE}}<div class="notice" role="status"><p>Cette fiche a déjà été affichée, ou elle a expiré : pour votre sécurité, le secret n'est jamais montré deux fois. S'il n'a pas été remis à l'agent, recherchez-le à nouveau et remettez-lui un nouveau secret.</p></div>{{/GONE}}
<p class="no-print"><a href="{{SEARCH_URL}}">Rechercher un autre agent</a></p>
<form method="post" action="{{LOGOUT_URL}}" class="no-print">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="secondary">Se déconnecter</button>
</form>
